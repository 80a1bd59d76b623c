import LintasCore
