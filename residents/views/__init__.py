"""Split by sub-domain: profile and alerts for residents, caseloads for work coaches."""
