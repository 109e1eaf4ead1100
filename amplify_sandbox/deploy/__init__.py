"""Plan and apply: diff against the record, apply through handlers, record after every change."""
