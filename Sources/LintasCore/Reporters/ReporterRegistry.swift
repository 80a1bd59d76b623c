/// Reporters beyond text and JSON, by format (SARIF, GitHub, JUnit, GitLab, Markdown, HTML, CSV).
enum ReporterRegistry {
    static func reporter(for format: OutputFormat) -> (any Reporter)? {
        switch format {
        case .sarif: return SARIFReporter()
        case .github: return GitHubReporter()
        case .junit: return JUnitReporter()
        case .gitlab: return GitLabReporter()
        case .markdown: return MarkdownReporter()
        case .html: return HTMLReporter()
        case .csv: return CSVReporter()
        case .text, .json: return nil
        }
    }
}
