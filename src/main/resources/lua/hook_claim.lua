-- Claims jobs whose hook events are due, for this node to deliver: each claimed job's next attempt moves a lease
-- ahead, so no other node (nor this one) takes it meanwhile, and a node that dies mid-delivery only delays it by
-- the lease. Delivery ends by making the job due again (more events) or forgetting it (none left).
-- KEYS[1] hooks:due
-- ARGV[1] now in ms, ARGV[2] lease in ms, ARGV[3] most jobs to claim
-- Returns the claimed job ids, earliest first.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local until_ms = tonumber(ARGV[1]) + tonumber(ARGV[2])
for _, job_id in ipairs(due) do
  redis.call('ZADD', KEYS[1], until_ms, job_id)
end
return due
