/// The position of a model value in its agency's list (``Agency/units``, ``Agency/employees``...),
/// typed by what it names, so that an employee's id cannot index the teams.
///
/// 32 bits: an agency of 100k employees has about a million located values, far below `Int32.max`,
/// and the index's arrays of ids then take half the memory of `Int`s. Ids are `Strideable`, so a
/// `Range` of them is a collection (``AgencyIndex/teamIDs``, ``AgencyIndex/results(of:)``).
struct ModelID<Model>: Hashable, Strideable, Sendable {
    let raw: Int32
    init(_ offset: Int) { raw = Int32(truncatingIfNeeded: offset) }
    /// The position in the agency's list.
    var offset: Int { Int(raw) }

    static func < (a: Self, b: Self) -> Bool { a.raw < b.raw }
    func distance(to other: Self) -> Int { other.offset - offset }
    func advanced(by n: Int) -> Self { Self(offset + n) }
}

extension Array {
    /// The value an id names: `agency.teams[teamID]`.
    subscript(_ id: ModelID<Element>) -> Element { self[id.offset] }
}

/// A unit of ``Agency/units``.
typealias UnitID = ModelID<Unit>
/// An employee record of ``Agency/employees`` (a NIP given twice has two records; the index's
/// lookups by NIP give the first).
typealias EmployeeID = ModelID<Employee>
/// A team of ``Agency/teams``.
typealias TeamID = ModelID<Team>
/// A PK of ``Agency/agreements``.
typealias AgreementID = ModelID<PerformanceAgreement>
/// A matrix of ``Agency/matrices``.
typealias MatrixID = ModelID<Matrix>
/// A result of a matrix, at any level: results are numbered over all matrices in document order
/// (pre-order), so a result's `turunan` follow it and a matrix's results are a range. Results are
/// not one list of the model (they nest), so no array is indexed by it: the index answers for them.
typealias ResultID = ModelID<Never>
