/// Packs `permenpanrb-7-2022` and `pergub-jabar-181-2021`: organisation (O), tim kerja (T), ketua
/// tim (K), Matriks Peran Hasil (M), the Pasal 25 deadline (D) and West Java's rules (J), one file
/// per family beside this one.
let regulationChecks: [any AgencyCheck] =
    organisationChecks + teamChecks + ketuaChecks + matrixChecks + deadlineChecks + jabarChecks
