import Foundation
import LintasCore
import MultipartKit
import NIOCore

/// The form of one upload: its fields and where its file was written (in the request's private
/// directory), read from the multipart body as it arrives, never held whole in memory.
struct UploadForm: Sendable {
    var fields: [String: [String]] = [:]
    var fileName: String?
    var fileBytes = 0
    var bodyBytes = 0

    func field(_ name: String) -> String? { fields[name]?.last }
}

/// Why an upload is answered without a check: an HTTP status and a message for the person.
struct Refused: Error, Sendable {
    var status: Int
    var id: String
    var en: String
    /// For the log: a fixed word, never anything from the upload.
    var reason: String
    var retryAfter: Int? = nil

    func message(_ lang: Language) -> String { lang == .en ? en : id }
}

enum UploadReader {
    static let maxFields = 32
    static let maxFieldBytes = 256
    static let maxHeaderBytes = 2048

    /// The boundary of a `multipart/form-data` content type, or nil.
    static func boundary(_ contentType: String?) -> String? {
        guard let ct = contentType, ct.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for part in ct.split(separator: ";").dropFirst() {
            let kv = part.trimmingCharacters(in: .whitespaces)
            guard kv.lowercased().hasPrefix("boundary=") else { continue }
            var b = String(kv.dropFirst("boundary=".count))
            if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = String(b.dropFirst().dropLast()) }
            return b.isEmpty || b.count > 200 ? nil : b
        }
        return nil
    }

    /// `name` and `filename` of a Content-Disposition header value.
    static func disposition(_ value: String) -> (name: String?, filename: String?) {
        var name: String?
        var filename: String?
        for part in value.split(separator: ";").dropFirst() {
            let kv = part.trimmingCharacters(in: .whitespaces)
            guard let eq = kv.firstIndex(of: "=") else { continue }
            let key = kv[..<eq].lowercased()
            var v = String(kv[kv.index(after: eq)...])
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            if key == "name" { name = v } else if key == "filename" { filename = v }
        }
        return (name, filename)
    }

    /// Reads the multipart body, writing the `file` part to `filePath` and keeping the other
    /// fields (small). `tokenCheck` is asked when the file part begins: a wrong or missing token
    /// stops the upload before any of the file is written.
    static func read<Body: AsyncSequence>(
        _ body: Body, boundary: String, filePath: String, maxBytes: Int,
        tokenCheck: @escaping @Sendable ([String: [String]]) -> Bool
    ) async throws -> UploadForm
    where Body.Element == ByteBuffer {
        let parser = MultipartParser(boundary: boundary)
        var form = UploadForm()
        var headers: [(String, String)] = []
        var headerBytes = 0
        var value: [UInt8] = []
        var partName: String?
        var inFile = false
        var fileDone = false
        var failure: Refused?
        guard FileManager.default.createFile(atPath: filePath, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: filePath)
        else {
            throw Refused(
                status: 500, id: "Server tidak dapat menyiapkan folder sementara.",
                en: "The server cannot prepare its temporary folder.", reason: "temp-dir")
        }
        defer { try? handle.close() }

        func bad(_ why: String) -> Refused {
            Refused(
                status: 400, id: "Formulir tidak terbaca (\(why)). Kirim ulang dari halaman formulir.",
                en: "The form could not be read (\(why)). Send it again from the form page.", reason: "bad-multipart")
        }

        parser.onHeader = { name, v in
            headerBytes += name.utf8.count + v.utf8.count
            if headerBytes > maxHeaderBytes { failure = failure ?? bad("header") }
            headers.append((name, v))
        }
        parser.onBody = { buffer in
            if failure != nil { return }
            if partName == nil {
                let d = headers.first { $0.0.lowercased() == "content-disposition" }.map { disposition($0.1) }
                guard let name = d?.name else {
                    failure = bad("part")
                    return
                }
                partName = name
                if name == "file" {
                    if fileDone {
                        failure = bad("two files")
                        return
                    }
                    if !tokenCheck(form.fields) {
                        failure = Refused(
                            status: 401, id: "Token akses salah atau tidak ada.",
                            en: "The access token is wrong or missing.", reason: "token")
                        return
                    }
                    inFile = true
                    form.fileName = d?.filename ?? ""
                }
            }
            if inFile {
                form.fileBytes += buffer.readableBytes
                if let bytes = buffer.readBytes(length: buffer.readableBytes) { handle.write(Data(bytes)) }
            } else {
                value += buffer.readableBytesView
                if value.count > maxFieldBytes { failure = bad("field") }
            }
        }
        parser.onPartComplete = {
            if failure != nil { return }
            if partName == nil {
                // A part with an empty body: onBody was never called.
                let d = headers.first { $0.0.lowercased() == "content-disposition" }.map { disposition($0.1) }
                if let name = d?.name, name == "file" {
                    if !tokenCheck(form.fields) {
                        failure = Refused(
                            status: 401, id: "Token akses salah atau tidak ada.",
                            en: "The access token is wrong or missing.", reason: "token")
                    } else {
                        form.fileName = d?.filename ?? ""
                        fileDone = true
                    }
                } else if let name = d?.name {
                    form.fields[name, default: []].append("")
                }
            } else if inFile {
                fileDone = true
            } else if let name = partName {
                if form.fields.values.reduce(0, { $0 + $1.count }) >= maxFields { failure = bad("fields") }
                form.fields[name, default: []].append(String(decoding: value, as: UTF8.self))
            }
            headers = []
            headerBytes = 0
            value = []
            partName = nil
            inFile = false
        }

        for try await chunk in body {
            form.bodyBytes += chunk.readableBytes
            if form.bodyBytes > maxBytes {
                throw UploadReader.tooLarge(maxBytes, bytes: form.bodyBytes)
            }
            do {
                try parser.execute(chunk)
            } catch {
                throw bad("syntax")
            }
            if let f = failure { throw f }
        }
        if let f = failure { throw f }
        guard fileDone else {
            if form.fileName == nil && !tokenCheck(form.fields) {
                throw Refused(
                    status: 401, id: "Token akses salah atau tidak ada.", en: "The access token is wrong or missing.",
                    reason: "token")
            }
            throw Refused(
                status: 400,
                id: "Tidak ada berkas dalam formulir: pilih buku kerja (.xlsx) atau zip, lalu tekan Periksa.",
                en: "The form holds no file: choose a workbook (.xlsx) or a zip, then press Check.", reason: "no-file")
        }
        return form
    }
}
