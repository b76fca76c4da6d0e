"""Database triggers for the invariants a CHECK constraint cannot express across tables.

- targets_annualplan_year_in_term, targets_measurement_year_in_term: the year lies inside the
  target's term.
- targets_quarterlyreport_year_in_term: the year lies inside the report's term, and the term
  belongs to the report's committee.

Each trigger is named after its invariant and raises an integrity error carrying that name.
"""

from django.db import migrations

# (trigger name, table, condition that must hold for NEW)
RULES = [
    (
        "targets_annualplan_year_in_term",
        "targets_annualplan",
        "EXISTS (SELECT 1 FROM targets_target t JOIN districts_term tm ON tm.id = t.term_id"
        " WHERE t.id = NEW.target_id AND NEW.year BETWEEN tm.start_year AND tm.end_year)",
    ),
    (
        "targets_measurement_year_in_term",
        "targets_measurement",
        "EXISTS (SELECT 1 FROM targets_target t JOIN districts_term tm ON tm.id = t.term_id"
        " WHERE t.id = NEW.target_id AND NEW.year BETWEEN tm.start_year AND tm.end_year)",
    ),
    (
        "targets_quarterlyreport_year_in_term",
        "targets_quarterlyreport",
        "EXISTS (SELECT 1 FROM districts_term tm WHERE tm.id = NEW.term_id"
        " AND tm.committee_id = NEW.committee_id"
        " AND NEW.year BETWEEN tm.start_year AND tm.end_year)",
    ),
]


def create_triggers(apps, schema_editor, rules=RULES):
    vendor = schema_editor.connection.vendor
    for name, table, condition in rules:
        if vendor == "sqlite":
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} "
                    f"FOR EACH ROW WHEN NOT ({condition}) "
                    f"BEGIN SELECT RAISE(ABORT, '{name}'); END"
                )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN IF NOT ({condition}) THEN "
                f"RAISE EXCEPTION '{name}' USING ERRCODE = 'check_violation', "
                f"CONSTRAINT = '{name}'; END IF; RETURN NEW; END $$"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
        else:
            raise NotImplementedError(f"No year-in-term triggers for database {vendor!r}")


def drop_triggers(apps, schema_editor, rules=RULES):
    vendor = schema_editor.connection.vendor
    for name, table, _condition in rules:
        if vendor == "sqlite":
            for event in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0001_initial"),
        ("districts", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
