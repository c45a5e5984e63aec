PUBLIC: set[str] = set()
PROTECTED: dict[str, str] = {}
POST_ONLY: set[str] = set()
PUBLIC_STATUS: dict[str, int] = {}
STAFF_STATUS: dict[str, int] = {}


def url_kwargs(organisation) -> dict:
    return {}
