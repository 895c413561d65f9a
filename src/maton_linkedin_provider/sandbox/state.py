"""The sandbox's in-memory state: members, Maton connections (and, later, posts, media, ads...).

Everything is guarded by ``state.lock`` (re-entrant). ``reset()`` rebuilds the seed exactly, so a
given ``seed`` always yields the same ids. Resource modules that keep their own data register a
seeder with :meth:`State.add_seeder`; it runs now and after every reset.
"""

from __future__ import annotations

import copy
import random
import threading
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.sandbox import urns

if TYPE_CHECKING:
    from collections.abc import Callable

    from maton_linkedin_provider.sandbox.resources.posts import StoredPost
    from maton_linkedin_provider.sandbox.resources.uploads import MediaAsset, UploadSlot

ADA_MEMBER_ID = "sAnDbOx01"
GRACE_MEMBER_ID = "sAnDbOx02"
#: The seeded ACTIVE LinkedIn connection (member Ada).
ACTIVE_CONNECTION_ID = "c0a1b2c3-d4e5-4f60-8a7b-000000000ada"
#: The seeded PENDING LinkedIn connection (member Grace once authorized).
PENDING_CONNECTION_ID = "c0a1b2c3-d4e5-4f60-8a7b-00000000face"
CONNECTION_STATUSES = ("ACTIVE", "PENDING", "FAILED")
SEED_TIME = "2026-02-07T08:00:24.372659Z"
#: Organization roles that may post (and own media) as the organization.
POSTING_ROLES = frozenset({"ADMINISTRATOR", "CONTENT_ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER"})
#: Seconds from upload (images, documents) or finalize (videos) to AVAILABLE / PROCESSING_FAILED.
#: Videos take a few seconds, as at LinkedIn, so a deferrable wait really defers.
DEFAULT_PROCESSING_SECONDS = {"image": 0.0, "document": 0.0, "video": 5.0}
UPLOAD_URL_TTL_SECONDS = 24 * 3600.0
#: LinkedIn's own duplicate guard: a post repeating the author and content of one made this many
#: seconds ago or less gets 422 DUPLICATE_POST (the window is undocumented; reports say about a day).
DUPLICATE_POST_WINDOW_SECONDS = 24 * 3600.0

Json = dict[str, Any]


def iso_now() -> str:
    """Maton's timestamp format: ISO 8601 with microseconds and ``Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def make_member(member_id: str, first: str, last: str, vanity: str, headline: str, asset: str) -> Json:
    """A member as ``GET /rest/me`` returns it."""
    locale = {"country": "US", "language": "en"}
    return {
        "id": member_id,
        "localizedFirstName": first,
        "localizedLastName": last,
        "firstName": {"localized": {"en_US": first}, "preferredLocale": dict(locale)},
        "lastName": {"localized": {"en_US": last}, "preferredLocale": dict(locale)},
        "vanityName": vanity,
        "localizedHeadline": headline,
        "profilePicture": {"displayImage": f"urn:li:digitalmediaAsset:{asset}"},
    }


class State:
    """In-memory data of one sandbox.

    :param seed: makes generated ids deterministic.
    :param access_token: the LinkedIn token accepted in direct mode (``/rest/...``), member Ada.
    """

    def __init__(self, *, seed: int = 0, access_token: str = "sandbox-linkedin-token") -> None:
        self.lock = threading.RLock()
        self.seed = seed
        self.access_token = access_token
        self._seeders: list[Callable[[State], None]] = []
        self.rng = random.Random(seed)
        self.members: dict[str, Json] = {}
        self.connections: dict[str, Json] = {}
        self.tokens: dict[str, str] = {}
        self._counters: dict[str, int] = {}
        # Filled by resource modules' seeders (sandbox/resources/*.py).
        self.organizations: dict[int, Json] = {}
        self.organization_acls: list[Json] = []
        self.ad_accounts: dict[int, Json] = {}
        # Campaign groups, campaigns and targeting facets (resources/campaigns.py), by numeric id.
        self.campaign_groups: dict[int, Json] = {}
        self.campaigns: dict[int, Json] = {}
        # Creatives (resources/creatives.py), by the number of their URN.
        self.creatives: dict[int, Json] = {}
        self.targeting_facets: list[Json] = []
        # Ad Library / Job Library: rows are generated on demand from their index (resources/libraries.py).
        self.ad_library_size: int = 0
        self.job_library_size: int = 0
        # Posts and media (resources/posts.py, media.py, uploads.py); emptied by reset().
        self.posts: dict[str, StoredPost] = {}
        self.media: dict[str, MediaAsset] = {}
        #: Raw upload request target (path + query, as handed out) -> its slot.
        self.upload_slots: dict[str, UploadSlot] = {}
        self.media_processing_seconds: dict[str, float] = dict(DEFAULT_PROCESSING_SECONDS)
        self.upload_url_ttl_seconds = UPLOAD_URL_TTL_SECONDS
        #: Appended to the path and the query of every upload URL handed out (tests: bytes that a
        #: client must not re-encode, e.g. ``uploads.ODD_PATH`` / ``uploads.ODD_QUERY``).
        self.upload_path_extra = ""
        self.upload_query_extra = ""
        self.duplicate_post_check = True
        self.duplicate_post_window_seconds = DUPLICATE_POST_WINDOW_SECONDS
        self.reset()

    # -- lifecycle -------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the seed: the same members, connections and ids as a fresh sandbox."""
        with self.lock:
            self.rng = random.Random(self.seed)
            self._counters = {}
            self.members = {
                ADA_MEMBER_ID: make_member(
                    ADA_MEMBER_ID,
                    "Ada",
                    "Lovelace",
                    "ada-lovelace",
                    "Analyst at Sandbox Labs",
                    "C4D00AAAAsandbox",
                ),
                GRACE_MEMBER_ID: make_member(
                    GRACE_MEMBER_ID,
                    "Grace",
                    "Hopper",
                    "grace-hopper",
                    "Engineer at Sandbox Labs",
                    "C4D00AAAAgrace",
                ),
            }
            self.tokens = {self.access_token: ADA_MEMBER_ID}
            self.connections = {}
            self._add_connection(ACTIVE_CONNECTION_ID, "ACTIVE", ADA_MEMBER_ID, SEED_TIME, "seed-ada")
            self._add_connection(PENDING_CONNECTION_ID, "PENDING", GRACE_MEMBER_ID, SEED_TIME, "seed-grace")
            self.posts = {}
            self.media = {}
            self.upload_slots = {}
            self.media_processing_seconds = dict(DEFAULT_PROCESSING_SECONDS)
            self.upload_url_ttl_seconds = UPLOAD_URL_TTL_SECONDS
            self.upload_path_extra = ""
            self.upload_query_extra = ""
            self.duplicate_post_check = True
            self.duplicate_post_window_seconds = DUPLICATE_POST_WINDOW_SECONDS
            for seeder in self._seeders:
                seeder(self)

    def add_seeder(self, seeder: Callable[[State], None]) -> None:
        """Run ``seeder(state)`` now and after every :meth:`reset` (for resource modules' data)."""
        with self.lock:
            self._seeders.append(seeder)
            seeder(self)

    def next_id(self, kind: str, start: int = 1) -> int:
        """The next number of a per-kind counter (restarts at ``start`` after a reset)."""
        with self.lock:
            value = self._counters.get(kind, start - 1) + 1
            self._counters[kind] = value
            return value

    def random_token(self, nbytes: int = 16) -> str:
        """A deterministic hex token from the seeded RNG."""
        with self.lock:
            return self.rng.getrandbits(nbytes * 8).to_bytes(nbytes, "big").hex()

    # -- members ---------------------------------------------------------------------------------
    def member_for_token(self, token: str) -> Json | None:
        """The member a direct-mode LinkedIn access token belongs to."""
        with self.lock:
            member_id = self.tokens.get(token)
            return self.members.get(member_id) if member_id else None

    def member(self, member_id: str | None) -> Json | None:
        with self.lock:
            return self.members.get(member_id) if member_id else None

    # -- Maton connections -----------------------------------------------------------------------
    def _add_connection(self, cid: str, status: str, member_id: str, when: str, session: str) -> Json:
        record: Json = {
            "connection_id": cid,
            "status": status,
            "creation_time": when,
            "last_updated_time": when,
            "url": f"https://connect.maton.ai/?session_token={session}",
            "app": "linkedin",
            "method": "OAUTH2",
            "metadata": {},
            "_member_id": member_id,
        }
        self.connections[cid] = record
        return record

    @staticmethod
    def public_connection(record: Json) -> Json:
        """A connection as Maton shows it (internal ``_`` keys dropped, a copy)."""
        return {k: copy.deepcopy(v) for k, v in record.items() if not k.startswith("_")}

    def create_connection(self, app: str = "linkedin", method: str = "OAUTH2") -> Json:
        """A new PENDING connection (authorizing it links member Ada). Returns the stored record."""
        with self.lock:
            cid = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            record = self._add_connection(cid, "PENDING", ADA_MEMBER_ID, iso_now(), self.random_token(24))
            record["app"] = app
            record["method"] = method
            return record

    def get_connection(self, cid: str) -> Json | None:
        with self.lock:
            return self.connections.get(cid)

    def find_connections(self, app: str | None = None, status: str | None = None) -> list[Json]:
        """Stored connection records, oldest first, filtered by app and status."""
        with self.lock:
            return [
                c
                for c in self.connections.values()
                if (app is None or c["app"] == app) and (status is None or c["status"] == status)
            ]

    def delete_connection(self, cid: str) -> Json | None:
        with self.lock:
            return self.connections.pop(cid, None)

    def set_connection_status(self, cid: str, status: str) -> Json:
        """Set ``ACTIVE``, ``PENDING`` or ``FAILED``. :raises KeyError: unknown connection."""
        if status not in CONNECTION_STATUSES:
            raise ValueError(f"status must be one of {CONNECTION_STATUSES}")
        with self.lock:
            record = self.connections[cid]
            record["status"] = status
            record["last_updated_time"] = iso_now()
            return record

    def authorize_connection(self, cid: str, member_id: str | None = None) -> Json:
        """What the user's browser visit to the connection ``url`` does: the connection turns ACTIVE.

        :param member_id: the member who authorized (default: the one preassigned to the connection).
        :raises KeyError: unknown connection or member.
        """
        with self.lock:
            record = self.connections[cid]
            if member_id is not None:
                if member_id not in self.members:
                    raise KeyError(member_id)
                record["_member_id"] = member_id
            return self.set_connection_status(cid, "ACTIVE")

    # -- organization roles, posts, media --------------------------------------------------------
    def organization_roles(self, member_id: str, org_id: int | str) -> set[str]:
        """The member's APPROVED roles on an organization."""
        person, org = urns.person(member_id), urns.organization(org_id)
        with self.lock:
            return {
                acl["role"]
                for acl in self.organization_acls
                if acl["roleAssignee"] == person and acl["organization"] == org and acl["state"] == "APPROVED"
            }

    def can_act_as(self, member_id: str, urn: str) -> bool:
        """Whether the member may post as / own media as ``urn`` (itself, or an org it may post for)."""
        parsed = urns.try_parse(urn, *urns.AUTHOR_TYPES)
        if parsed is None:
            return False
        if parsed.type == urns.PERSON:
            return parsed.id == member_id
        return bool(self.organization_roles(member_id, parsed.id) & POSTING_ROLES)

    def posts_by(self, author: str) -> list[StoredPost]:
        """The author's posts that are not deleted, oldest first."""
        with self.lock:
            return [p for p in self.posts.values() if p.author == author and not p.deleted]

    def restart_processing(self, urn: str, seconds: float) -> None:
        """Make an uploaded asset PROCESSING again, done ``seconds`` from now (tests of waiting)."""
        import time

        with self.lock:
            self.media[urn].start_processing(time.time(), seconds)

    def set_media_status(self, urn: str, status: str, reason: str | None = None) -> None:
        """Pin a media asset's status (tests); ``reason`` is the PROCESSING_FAILED reason.

        :raises KeyError: unknown asset. :raises ValueError: unknown status.
        """
        with self.lock:
            self.media[urn].force(status, reason)
