/// Reporters beyond text and JSON, by format (SARIF, GitHub, JUnit, GitLab, Markdown, HTML).
enum ReporterRegistry {
    static func reporter(for format: OutputFormat) -> (any Reporter)? {
        switch format {
        default: return nil
        }
    }
}
