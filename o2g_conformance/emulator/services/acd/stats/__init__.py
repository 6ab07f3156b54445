"""Call Center Statistics: supervisors' scopes, statistics contexts, data requests and scheduled reports."""
