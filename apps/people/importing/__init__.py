"""Importing people and their families from CSV and XLSX files (and the API's rows).

- `reading`: a file into rows of cell texts, by column key (`read_file`);
- `planning`: the dry run, what each row would do and why it is refused (`check`);
- `applying`: the batch kept between the dry run and its confirmation, applied once through
  the people services (`import_batch_check`, `import_batch_apply`, `import_rows_apply`);
- `template`: the downloadable template (`template_workbook`).
"""

from apps.people.importing.applying import (
    ImportAlreadyApplied,
    ImportKeyTaken,
    import_batch_apply,
    import_batch_check,
    import_rows_apply,
)
from apps.people.importing.planning import Plan, RowReport, check
from apps.people.importing.reading import (
    FAMILY_COLUMNS,
    MAX_FILE_BYTES,
    PEOPLE_COLUMNS,
    Column,
    ImportFileError,
    columns_for_page,
    read_file,
)
from apps.people.importing.template import template_workbook

__all__ = [
    "FAMILY_COLUMNS",
    "MAX_FILE_BYTES",
    "PEOPLE_COLUMNS",
    "Column",
    "ImportAlreadyApplied",
    "ImportFileError",
    "ImportKeyTaken",
    "Plan",
    "RowReport",
    "check",
    "columns_for_page",
    "import_batch_apply",
    "import_batch_check",
    "import_rows_apply",
    "read_file",
    "template_workbook",
]
