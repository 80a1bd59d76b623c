/// O rules. Each check reports only codes of its family.
let organisationChecks: [any AgencyCheck] = []
