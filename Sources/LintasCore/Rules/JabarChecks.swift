/// J rules. Each check reports only codes of its family.
let jabarChecks: [any AgencyCheck] = []
