"""The annual report's documents, drawn from a `apps.reports.content.ReportContent` only.

- `pdf.report_pdf(content)`: the report as an official Thai document (Sarabun, Thai digits by
  default, B.E. dates, A4 with the official margins).
- `docx.report_docx(content)`: the same report, editable in Word (styles Heading, Normal,
  List Bullet; TH Sarabun New for Latin and Thai alike).
- `bundle.evidence_zip(content)` / `bundle.evidence_pdf(content)`: the report with every
  register it cites, as one ZIP and as one PDF with bookmarks.

The renderers query nothing: what they show is the content's (so a submitted report, frozen as
JSON, draws the same as the day it was submitted). They share the reading of the content in
`apps.reports.rendering.layout` (the order of groups and sections, how methods and results break
into paragraphs and bullets, the fixed wording), so the PDF and the DOCX always say the same.
"""
