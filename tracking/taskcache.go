package tracking

import (
	"sync"
	"time"
)

// taskCache remembers recently used tasks for the entry write path, which
// checks a task on every request while tasks rarely change. Changes made
// through this process drop the cache at once; another replica's change is
// seen within taskCacheTTL.
type taskCache struct {
	mu    sync.Mutex
	tasks map[string]cachedTask
}

type cachedTask struct {
	task    Task
	expires time.Time
}

const taskCacheTTL = 2 * time.Second

func (c *taskCache) get(id string, now time.Time) (*Task, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ct, ok := c.tasks[id]
	if !ok || now.After(ct.expires) {
		return nil, false
	}
	t := ct.task
	return &t, true
}

func (c *taskCache) put(t *Task, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tasks == nil || len(c.tasks) > 10000 {
		c.tasks = map[string]cachedTask{}
	}
	c.tasks[t.ID] = cachedTask{task: *t, expires: now.Add(taskCacheTTL)}
}

// clear forgets everything: archiving a project changes all its tasks.
func (c *taskCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tasks = nil
}
