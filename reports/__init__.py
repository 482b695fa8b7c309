"""Files an inspector files: workbooks written safely (:mod:`reports.sheets`),
reports in official-document form (:mod:`reports.official`, .docx on A4, and
:mod:`reports.pdf`, the same through LibreOffice where installed) and the
leads and ledger as tables (:mod:`reports.leads`)."""
