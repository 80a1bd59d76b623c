import Crypto
import Foundation

/// SHA-256 digests (swift-crypto): the Content-Security-Policy hashes of the HTML pages' inline style
/// and script, and the stable suffix of an agency's page name in an HTML directory.
public enum ContentHash {
    /// The SHA-256 digest of the text's UTF-8.
    static func sha256(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Data(text.utf8))) }

    /// A CSP source expression: `'sha256-<base64>'` of the text's UTF-8.
    public static func cspSource(_ text: String) -> String {
        "'sha256-" + Data(sha256(text)).base64EncodedString() + "'"
    }
}
