/// M rules. Each check reports only codes of its family.
let matrixChecks: [any AgencyCheck] = []
