import Foundation
import LintasTestSupport

@testable import LintasCore

/// Validates JSON documents against a JSON Schema with python3's `jsonschema` (the reference
/// implementation), so our outputs are checked by a validator we did not write.
/// A missing python3 or jsonschema is a failure with a clear message, never a skip.
enum PythonJSONSchema {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python3 has no 'jsonschema' module: install it (pip install jsonschema, or apt-get install python3-jsonschema)")
            sys.exit(3)
        job = json.load(sys.stdin)
        with open(job["schema"], encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema)
        bad = 0
        for name, doc in job["documents"]:
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
            for e in errors[:5]:
                bad += 1
                print("%s: %s at /%s" % (name, e.message[:300], "/".join(str(p) for p in e.absolute_path)))
        print("INVALID" if bad else "VALID")
        """

    /// Returns one line per validation error (empty when every document is valid).
    /// `documents` are (name, JSON text) pairs.
    static func validate(schema: String, documents: [(String, String)]) throws -> [String] {
        var job = "{\"schema\": " + JSONValue.string(schema).rendered() + ", \"documents\": ["
        job += documents.map { "[" + JSONValue.string($0.0).rendered() + ", " + $0.1 + "]" }.joined(separator: ",\n")
        job += "]}"
        let r: Spawn.Output
        do {
            r = try Spawn.run("/usr/bin/env", ["python3", "-c", script], input: Data(job.utf8))
        } catch {
            throw Failure(description: "cannot run python3 (needed to validate against the JSON Schema): \(error)")
        }
        let out = r.stdoutText
        let err = r.stderrText
        if r.status == 127 {
            throw Failure(
                description: "python3 is not installed; it is needed (with the jsonschema module) to validate outputs")
        }
        if r.status != 0 {
            throw Failure(description: "schema validation could not run (exit \(r.status)): \(out) \(err)")
        }
        let lines = out.split(separator: "\n").map(String.init)
        guard lines.last == "VALID" || lines.last == "INVALID" else {
            throw Failure(description: "unexpected output from the validator: \(out) \(err)")
        }
        return Array(lines.dropLast())
    }
}
