-- wrk script for the bench runner: optionally rotates through several paths
-- (WRK_PATHS=/a,/b), and prints one machine-readable line with the request count,
-- latency percentiles (microseconds) and every kind of error.
local paths = {}
local listed = os.getenv('WRK_PATHS')
if listed then
  for path in string.gmatch(listed, '[^,]+') do
    table.insert(paths, path)
  end
end

if #paths > 0 then
  local index = 0
  request = function()
    index = index % #paths + 1
    return wrk.format('GET', paths[index])
  end
end

done = function(summary, latency, _requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
      '"max_us":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
