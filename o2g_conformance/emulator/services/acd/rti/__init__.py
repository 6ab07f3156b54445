"""Call Center Real Time: RTI identifiers, contexts and the real-time events of ACD objects."""
