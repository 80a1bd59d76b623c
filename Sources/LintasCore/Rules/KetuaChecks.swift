/// K rules. Each check reports only codes of its family.
let ketuaChecks: [any AgencyCheck] = []
