"""Regional industrial revitalisation plans (地域産業活性化計画) as datasets."""
