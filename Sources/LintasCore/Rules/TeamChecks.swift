/// T rules. Each check reports only codes of its family.
let teamChecks: [any AgencyCheck] = []
