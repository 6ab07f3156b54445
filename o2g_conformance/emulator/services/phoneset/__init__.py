"""Phone Set Programming: device states, PIN, keys, add-ons and prefixes (o2g-rest-api-reference.txt L9715-10660)."""
