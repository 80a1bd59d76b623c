/// The position of a model value in its agency's list (``Agency/units``, ``Agency/employees``...),
/// typed by what it names, so that an employee's id cannot index the teams.
///
/// 32 bits: an agency of 100k employees has about a million located values, far below `Int32.max`,
/// and the index's arrays of ids then take half the memory of `Int`s. Ids are `Strideable`, so a
/// `Range` of them is a collection (``AgencyIndex/teamIDs``, ``AgencyIndex/results(of:)``).
protocol ModelID: Hashable, Strideable, Sendable where Stride == Int {
    /// The model type the id names.
    associatedtype Model
    init(_ offset: Int)
    /// The position in the agency's list.
    var offset: Int { get }
}

extension ModelID {
    static func < (a: Self, b: Self) -> Bool { a.offset < b.offset }
    func distance(to other: Self) -> Int { other.offset - offset }
    func advanced(by n: Int) -> Self { Self(offset + n) }
}

extension Array {
    /// The value an id names: `agency.teams[teamID]`.
    subscript<ID: ModelID>(_ id: ID) -> Element where ID.Model == Element { self[id.offset] }
}

/// A unit of ``Agency/units``.
struct UnitID: ModelID {
    typealias Model = Unit
    let raw: Int32
    init(_ offset: Int) { raw = Int32(truncatingIfNeeded: offset) }
    var offset: Int { Int(raw) }
}

/// An employee record of ``Agency/employees`` (a NIP given twice has two records; the index's
/// lookups by NIP give the first).
struct EmployeeID: ModelID {
    typealias Model = Employee
    let raw: Int32
    init(_ offset: Int) { raw = Int32(truncatingIfNeeded: offset) }
    var offset: Int { Int(raw) }
}

/// A team of ``Agency/teams``.
struct TeamID: ModelID {
    typealias Model = Team
    let raw: Int32
    init(_ offset: Int) { raw = Int32(truncatingIfNeeded: offset) }
    var offset: Int { Int(raw) }
}

/// A PK of ``Agency/agreements``.
struct AgreementID: ModelID {
    typealias Model = PerformanceAgreement
    let raw: Int32
    init(_ offset: Int) { raw = Int32(truncatingIfNeeded: offset) }
    var offset: Int { Int(raw) }
}

/// A matrix of ``Agency/matrices``.
struct MatrixID: ModelID {
    typealias Model = Matrix
    let raw: Int32
    init(_ offset: Int) { raw = Int32(truncatingIfNeeded: offset) }
    var offset: Int { Int(raw) }
}

/// A result of a matrix, at any level: results are numbered over all matrices in document order
/// (pre-order), so a result's `turunan` follow it and a matrix's results are a range.
struct ResultID: ModelID {
    /// Results are not one list of the model (they nest): the index answers for them.
    typealias Model = Never
    let raw: Int32
    init(_ offset: Int) { raw = Int32(truncatingIfNeeded: offset) }
    var offset: Int { Int(raw) }
}
