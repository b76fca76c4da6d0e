"""The mid-term / year-end report (the report page, ?format=xlsx and ?format=docx): one table
of every target's years so far, written three ways. Not the approval of quarterly reports
(that is the review flow: targets.cycle and targets.services).

- `rows`: the table (Midterm, MidtermRow, MidtermYear), from a committee's progress
- `xlsx`: the table as a spreadsheet
- `docx`: the report as a Word document in the party's document layout
"""
