"""Services: the only code that writes the local database. Each public function is one transaction."""
