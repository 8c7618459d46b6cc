"""Value shapes shared by every face (API bodies, case files, web forms): no domain rules, no I/O."""
