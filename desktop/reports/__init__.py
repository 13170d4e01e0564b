"""Statistics, analysis, monthly reports and ledger import for the general office (no Qt)."""
