-- wrk script for wrkserver: POST /signup with benchstack.Body and the
-- bearer token from the environment (EDGEGUARD_TOKEN). wrk itself reports
-- "Non-2xx or 3xx responses" when any request was refused.
wrk.method = "POST"
wrk.body = '{"email":"Alice@Example.COM","age":"30"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("EDGEGUARD_TOKEN") or "")
