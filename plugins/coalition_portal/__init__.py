"""Coalition Portal: a coalition's platform, meetings, decisions and votes as a public site."""
