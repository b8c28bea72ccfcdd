-- Asks lib/status.lua's outdated_by_ack one question, so HookEventTest can check the Java copy against it.
-- ARGV[1] the stored ACK JSON, ARGV[2] the event's status, ARGV[3] revision, ARGV[4] check_in_at,
-- ARGV[5] '1' when the event is a check-in. Returns 1 when outdated, else 0.
-- #include status
local ack = cjson.decode(ARGV[1])
if outdated_by_ack(ack, ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5] == '1') then
  return 1
end
return 0
