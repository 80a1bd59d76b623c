/// A YAML subtree laid out flat, its nodes in document order (a collection before its keys,
/// values and items), each with its source range. A node is its index; a collection's children
/// follow it, and each node knows where its subtree ends, so a mapping's pairs are read by
/// stepping from a key to its value to the next key.
///
/// The loader writes each item of a streamed top-level list here as its events arrive, and the
/// model is read from it in place: no array per mapping, no node values copied out of a tree and
/// released again. The buffer is reused from item to item.
final class NodeTape {
    enum Kind: UInt8 {
        case scalar, mapping, sequence
    }

    struct Node {
        /// The scalar (empty for a collection).
        var scalar: YAMLScalar
        var range: SourceRange
        /// The index just past this node's subtree.
        var end: Int32
        /// A mapping's pairs or a sequence's items.
        var count: Int32
        var kind: Kind
    }

    private var base: UnsafeMutablePointer<Node>
    private var capacity: Int
    /// The nodes written.
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    // MARK: writing

    @inline(__always) private func push(_ node: consuming Node) -> Int {
        if count == capacity { grow() }
        (base + count).initialize(to: node)
        count += 1
        return count - 1
    }

    @inline(never) private func grow() {
        let bigger = UnsafeMutablePointer<Node>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// Appends a scalar; returns its index.
    @discardableResult
    @inline(__always) func append(scalar: consuming YAMLScalar, range: SourceRange) -> Int {
        let at = Int32(truncatingIfNeeded: count + 1)
        return push(Node(scalar: scalar, range: range, end: at, count: 0, kind: .scalar))
    }

    /// Opens a collection whose children follow; ``close(_:end:count:)`` finishes it.
    @inline(__always) func open(_ kind: Kind, start: SourcePosition) -> Int {
        push(
            Node(
                scalar: YAMLScalar(text: "", style: .plain, tagCode: .none), range: SourceRange(at: start), end: 0,
                count: 0, kind: kind))
    }

    /// Finishes the collection at `index`: its subtree is everything written after it.
    @inline(__always) func close(_ index: Int, end: SourcePosition, count children: Int) {
        let node = base + index
        node.pointee.range = SourceRange(start: node.pointee.range.start, end: end)
        node.pointee.end = Int32(truncatingIfNeeded: count)
        node.pointee.count = Int32(truncatingIfNeeded: children)
    }

    /// Drops the nodes from `index` on.
    func truncate(to index: Int) {
        guard index < count else { return }
        (base + index).deinitialize(count: count - index)
        count = index
    }

    /// Empties the tape, keeping its buffer.
    func removeAll() { truncate(to: 0) }

    /// Appends a node tree (an alias's target, a workbook's item); returns the root's index.
    /// Recursive: trees come from the loader, whose depth is limited.
    @discardableResult
    func append(_ node: YAMLNode) -> Int {
        switch node.kind {
        case .scalar(let s):
            return append(scalar: s, range: node.range)
        case .mapping(let pairs):
            let at = open(.mapping, start: node.range.start)
            for p in pairs {
                append(p.key)
                append(p.value)
            }
            finish(at, range: node.range, children: pairs.count)
            return at
        case .sequence(let items):
            let at = open(.sequence, start: node.range.start)
            for item in items { append(item) }
            finish(at, range: node.range, children: items.count)
            return at
        }
    }

    private func finish(_ index: Int, range: SourceRange, children: Int) {
        close(index, end: range.end, count: children)
        base[index].range = range
    }

    /// The subtree at `index` as a node tree (an anchored node, a merge's source).
    func node(_ index: Int) -> YAMLNode {
        let n = base + index
        switch n.pointee.kind {
        case .scalar:
            return YAMLNode(kind: .scalar(n.pointee.scalar), range: n.pointee.range)
        case .mapping:
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(Int(n.pointee.count))
            var k = index + 1
            for _ in 0..<n.pointee.count {
                let v = end(k)
                pairs.append(YAMLPair(key: node(k), value: node(v)))
                k = end(v)
            }
            return YAMLNode(kind: .mapping(pairs), range: n.pointee.range)
        case .sequence:
            var items: [YAMLNode] = []
            items.reserveCapacity(Int(n.pointee.count))
            var k = index + 1
            for _ in 0..<n.pointee.count {
                items.append(node(k))
                k = end(k)
            }
            return YAMLNode(kind: .sequence(items), range: n.pointee.range)
        }
    }

    // MARK: reading (in place)

    @inline(__always) func kind(_ i: Int) -> Kind { base[i].kind }
    @inline(__always) func range(_ i: Int) -> SourceRange { base[i].range }
    /// The index just past the subtree at `i` (its next sibling).
    @inline(__always) func end(_ i: Int) -> Int { Int(base[i].end) }
    /// A mapping's pairs or a sequence's items.
    @inline(__always) func count(_ i: Int) -> Int { Int(base[i].count) }
    @inline(__always) func isScalar(_ i: Int) -> Bool { base[i].kind == .scalar }
    /// The scalar at `i`, or nil for a collection.
    @inline(__always) func scalar(_ i: Int) -> YAMLScalar? {
        base[i].kind == .scalar ? base[i].scalar : nil
    }
    /// A scalar's text ("" for a collection).
    @inline(__always) func text(_ i: Int) -> String { base[i].scalar.text }

    /// True for an explicit or implicit null.
    @inline(__always) func isNull(_ i: Int) -> Bool { base[i].kind == .scalar && base[i].scalar.isNull }

    /// Whether the node is a scalar whose text is `text`.
    @inline(__always) func hasScalarText(_ i: Int, _ text: String) -> Bool {
        base[i].kind == .scalar && base[i].scalar.text == text
    }

    /// The value of the first pair of mapping `map` whose key is the scalar `key`.
    func value(_ key: String, in map: Int) -> Int? {
        guard base[map].kind == .mapping else { return nil }
        var k = map + 1
        for _ in 0..<base[map].count {
            let v = Int(base[k].end)
            if hasScalarText(k, key) { return v }
            k = Int(base[v].end)
        }
        return nil
    }

    /// A short name of the node's kind, for messages.
    func kindName(_ i: Int) -> String {
        switch base[i].kind {
        case .scalar: return base[i].scalar.isNull ? "null" : "scalar"
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        }
    }

    /// The node's kind in both message languages.
    func kindWords(_ i: Int) -> (id: String, en: String) {
        switch base[i].kind {
        case .scalar: return UIText.pair(base[i].scalar.isNull ? .yamlKindNull : .yamlKindScalar)
        case .mapping: return UIText.pair(.yamlKindMapping)
        case .sequence: return UIText.pair(.yamlKindSequence)
        }
    }

    /// A sequence's items.
    func items(_ i: Int) -> Items { Items(tape: self, cursor: i + 1, left: base[i].count) }

    /// A mapping's pairs.
    func pairs(_ i: Int) -> Pairs { Pairs(tape: self, cursor: i + 1, left: base[i].count) }

    struct Items: Sequence, IteratorProtocol {
        let tape: NodeTape
        var cursor: Int
        var left: Int32

        mutating func next() -> Int? {
            guard left > 0 else { return nil }
            left -= 1
            let i = cursor
            cursor = tape.end(i)
            return i
        }
    }

    struct Pairs: Sequence, IteratorProtocol {
        let tape: NodeTape
        var cursor: Int
        var left: Int32

        mutating func next() -> (key: Int, value: Int)? {
            guard left > 0 else { return nil }
            left -= 1
            let k = cursor
            let v = tape.end(k)
            cursor = tape.end(v)
            return (k, v)
        }
    }
}
