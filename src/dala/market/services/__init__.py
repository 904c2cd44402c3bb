"""The market's writes. Each service is one transaction that takes its locks through
:mod:`dala.market.locks`, checks its rules, writes an audit entry and raises a domain error on bad
input. Views, API routers, admin actions, commands and tasks all call these."""
