package game

// SetReminderChunk makes the reminders job work in rounds of n user-days
// until the test ends.
func SetReminderChunk(t interface{ Cleanup(func()) }, n int) {
	old := reminderChunk
	reminderChunk = n
	t.Cleanup(func() { reminderChunk = old })
}
