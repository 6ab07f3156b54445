"""Call Center Agent: operators' configuration, the agent lifecycle, skills, help, intrusion and listening."""
