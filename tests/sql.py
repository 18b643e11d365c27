"""The shape of the SQL a page runs, for snapshots: values blanked, one query a line."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

STRING = re.compile(r"'(?:[^']|'')*'")
NUMBER = re.compile(r"(?<![\w\"])\d+(?:\.\d+)?(?![\w\"])")
LIST = re.compile(r"\((?:%s, )+%s\)")
CURSOR = re.compile(r'"_django_curs_\w+"')  # PostgreSQL's server-side cursors are named per thread


def shape(sql: str) -> str:
    sql = NUMBER.sub("%s", STRING.sub("%s", CURSOR.sub('"_django_curs"', sql)))
    return LIST.sub("(%s, …)", sql)  # IN lists of any length read the same


def page_sql(client, url: str) -> str:
    """The queries of one GET, in order (the page must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return "\n".join(shape(query["sql"]) for query in queries)
