"""Pure domain rules: no Qt, no SQL. Checklists, ids, geography, credit codes, divisions."""
