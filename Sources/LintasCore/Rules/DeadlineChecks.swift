/// D rules. Each check reports only codes of its family.
let deadlineChecks: [any AgencyCheck] = []
