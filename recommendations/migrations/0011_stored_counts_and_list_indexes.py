"""What the commitments list, the themes and the reviews count, kept instead of counted on each request; indexes
for the commitments list's order and its overdue filter.

On PostgreSQL the stored counts (migration 0003) gain, kept by statement triggers like the others:
- `commitment_state`: public (confirmed) commitments by state ('' counts the others);
- `theme_status`: theme links by the recommendation's status and review, as "theme id|status|review id" (the
  review's id '' for none), for the themes page's bars. A link's row and its recommendation's row may be
  written in either order: each trigger counts the pairs it finds, so each pair is counted once.
And `recommendation_facets`, (id) INCLUDE (status, kind, implementation, report_id): the filtered list's facets
read the columns they count from it alone (SQLite has no INCLUDE).
"""

import importlib

from django.db import migrations, models
from django.db.models.functions import Coalesce

scale = importlib.import_module("recommendations.migrations.0003_scale_indexes_and_search")

COMMITMENT = "recommendations_commitment"
PUBLIC_STATE = "CASE WHEN verdict = 'confirmed' THEN state END"
THEME_STATUS = "link.theme_id || '|' || r.status || '|' || coalesce(r.review_id::text, '')"


def _theme_status_function(name: str, rows) -> str:
    """A trigger function counting theme_status by the rows changed: `rows(table, sign, other)` gives their
    pairs (on an update, of the rows that differ from those of the `other` transition table)."""
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN{scale._add_counts(rows("new_rows", 1))}
  ELSIF TG_OP = 'DELETE' THEN{scale._add_counts(rows("old_rows", -1))}
  ELSE{scale._add_counts(rows("new_rows", 1, "old_rows") + " UNION ALL " + rows("old_rows", -1, "new_rows"))}
  END IF;
  RETURN NULL;
END $$;
"""


def _of_links(table: str, sign: int, other: str | None = None) -> str:
    return (
        f"SELECT 'theme_status' AS facet, {THEME_STATUS} AS value, {sign} AS n"
        f" FROM {table} link JOIN {scale.RECOMMENDATION} r ON r.id = link.recommendation_id"
    )


def _of_recommendations(table: str, sign: int, other: str | None = None) -> str:
    # Most updates (a text, the search vector) change neither the status nor the review: skip those rows.
    unchanged = (
        f" WHERE NOT EXISTS (SELECT FROM {other} o WHERE o.id = r.id AND o.status = r.status"
        " AND o.review_id IS NOT DISTINCT FROM r.review_id)"
        if other
        else ""
    )
    return (
        f"SELECT 'theme_status' AS facet, {THEME_STATUS} AS value, {sign} AS n"
        f" FROM {table} r JOIN {scale.THEMES} link ON link.recommendation_id = r.id{unchanged}"
    )


def _triggers(table: str, function: str, prefix: str, facet: str) -> str:
    return f"""
CREATE TRIGGER {prefix}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {prefix}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {prefix}_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {prefix}_truncate AFTER TRUNCATE ON {table}
  FOR EACH STATEMENT EXECUTE FUNCTION forget_counts('{facet}');
"""


CREATE = (
    scale._count_function("count_commitments", {"commitment_state": PUBLIC_STATE})
    + _triggers(COMMITMENT, "count_commitments", "counted", "commitment_state")
    + _theme_status_function("count_theme_status_of_links", _of_links)
    + _triggers(scale.THEMES, "count_theme_status_of_links", "counted_status", "theme_status")
    + _theme_status_function("count_theme_status_of_recommendations", _of_recommendations)
    + _triggers(scale.RECOMMENDATION, "count_theme_status_of_recommendations", "counted_theme_status", "theme_status")
    + f"""
CREATE INDEX recommendation_facets ON {scale.RECOMMENDATION} (id) INCLUDE (status, kind, implementation, report_id);

INSERT INTO recommendation_counts (facet, value, n)
  SELECT 'commitment_state', coalesce({PUBLIC_STATE}, ''), count(*) FROM {COMMITMENT} GROUP BY 2
  UNION ALL
  SELECT 'theme_status', {THEME_STATUS}, count(*)
    FROM {scale.THEMES} link JOIN {scale.RECOMMENDATION} r ON r.id = link.recommendation_id GROUP BY 2;
"""
)

DROP = (
    "".join(
        f"DROP TRIGGER {prefix}_{event} ON {table};\n"
        for table, prefix in (
            (COMMITMENT, "counted"),
            (scale.THEMES, "counted_status"),
            (scale.RECOMMENDATION, "counted_theme_status"),
        )
        for event in ("insert", "delete", "update", "truncate")
    )
    + """
DROP INDEX recommendation_facets;
DROP FUNCTION count_commitments();
DROP FUNCTION count_theme_status_of_links();
DROP FUNCTION count_theme_status_of_recommendations();
DELETE FROM recommendation_counts WHERE facet IN ('commitment_state', 'theme_status');
"""
)


def create_postgresql_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_postgresql_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0010_updated_at")]

    operations = [
        migrations.RunPython(create_postgresql_only, drop_postgresql_only),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                fields=["due_on", "made_on", "id"],
                condition=models.Q(verdict="confirmed"),
                name="commitment_public_due",
            ),
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                fields=["due_on", "made_on", "id"],
                condition=models.Q(verdict="confirmed", state="open"),
                name="commitment_open_due",
            ),
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                models.OrderBy(Coalesce("state_changed_on", "made_on"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(verdict="confirmed"),
                name="commitment_public_changed",
            ),
        ),
    ]
