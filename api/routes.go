package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// routes is the whole HTTP surface in one table.
func (s *Server) routes(metrics http.Handler) {
	e := s.e
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", echo.WrapHandler(metrics))

	// Middleware is given per route, not per group: echo would otherwise
	// route unknown paths through authentication and answer 401, not 404.
	g := e.Group("/api/v1")
	user := []echo.MiddlewareFunc{s.authenticate, s.limitWrites}
	admin := []echo.MiddlewareFunc{s.authenticate, adminOnly, s.limitWrites}

	g.POST("/auth/register", s.register)
	g.POST("/auth/login", s.login)
	g.POST("/auth/refresh", s.refresh)
	g.POST("/auth/password-reset", s.resetPassword)
	g.GET("/auth/methods", s.authMethods)
	g.GET("/auth/oidc/start", s.oidcStart)
	g.POST("/auth/oidc/callback", s.oidcCallback)

	g.POST("/auth/logout", s.logout, user...)

	g.GET("/me", s.getMe, user...)
	g.PATCH("/me", s.patchMe, user...)
	g.GET("/me/points", s.myPoints, user...)
	g.GET("/me/history", s.myHistory, user...)
	g.GET("/me/notifications", s.myNotifications, user...)
	g.POST("/me/notifications/read", s.readNotifications, user...)
	g.GET("/me/time-off", s.listTimeOff, user...)
	g.PUT("/me/time-off/:date", s.putTimeOff, user...)
	g.DELETE("/me/time-off/:date", s.deleteTimeOff, user...)
	g.GET("/push/key", s.pushKey)
	g.POST("/me/push-subscriptions", s.subscribePush, user...)
	g.GET("/me/push-subscriptions", s.listPushSubscriptions, user...)
	g.DELETE("/me/push-subscriptions/:id", s.deletePushSubscription, user...)
	g.POST("/me/tokens", s.createToken, user...)
	g.GET("/me/tokens", s.listTokens, user...)
	g.DELETE("/me/tokens/:id", s.deleteToken, user...)

	g.POST("/users", s.createUser, admin...)
	g.GET("/users", s.listUsers, admin...)
	g.PATCH("/users/:id", s.patchUser, admin...)
	g.POST("/users/:id/password-reset", s.createPasswordReset, admin...)
	g.POST("/invites", s.createInvite, admin...)
	g.GET("/invites", s.listInvites, admin...)
	g.DELETE("/invites/:id", s.revokeInvite, admin...)

	g.POST("/teams", s.createTeam, admin...)
	g.GET("/teams", s.listTeams, user...)
	g.GET("/teams/:id", s.getTeam, user...)
	g.PATCH("/teams/:id", s.patchTeam, admin...)
	g.GET("/teams/:id/members", s.listMembers, user...)
	g.PUT("/teams/:id/members/:user_id", s.putMember, admin...)
	g.DELETE("/teams/:id/members/:user_id", s.deleteMember, admin...)
	g.GET("/teams/:id/leaderboard", s.leaderboard, user...)

	g.POST("/projects", s.createProject, admin...)
	g.GET("/projects", s.listProjects, user...)
	g.PATCH("/projects/:id", s.patchProject, admin...)
	g.POST("/projects/:id/tasks", s.createTask, user...)
	g.GET("/projects/:id/tasks", s.listProjectTasks, user...)
	g.PATCH("/tasks/:id", s.patchTask, user...)
	g.GET("/tasks", s.searchTasks, user...)

	g.POST("/entries", s.createEntry, user...)
	g.GET("/entries", s.listEntries, user...)
	g.GET("/entries/export.csv", s.exportEntries, user...)
	g.GET("/entries/:id", s.getEntry, user...)
	g.PATCH("/entries/:id", s.patchEntry, user...)
	g.DELETE("/entries/:id", s.deleteEntry, user...)
	g.GET("/reports/summary", s.summary, user...)
	g.GET("/reports", s.report, user...)
	g.POST("/import/:tool", s.importEntries, s.authenticate, adminOnly, s.limitWrites, importBodyLimit())
	g.POST("/import/uploads", s.uploadImport, s.authenticate, adminOnly, s.limitWrites, importBodyLimit())

	g.POST("/integrations/clickup", s.connectClickUp, admin...)
	g.GET("/integrations/clickup", s.clickUpStatus, admin...)
	g.POST("/integrations/clickup/lists", s.browseClickUp, admin...)
	g.DELETE("/integrations/clickup", s.disconnectClickUp, admin...)
	g.POST("/integrations/clickup/webhook", s.clickUpWebhook) // ClickUp signs it: X-Signature
	g.GET("/me/integrations/clickup", s.getClickUpPush, user...)
	g.PUT("/me/integrations/clickup", s.putClickUpPush, user...)
	g.POST("/integrations/slack/commands", s.slackCommand)         // Slack signs it: X-Slack-Signature
	g.POST("/integrations/slack/interactions", s.slackInteraction) // likewise
	g.GET("/me/integrations/slack", s.getSlackLink, user...)
	g.DELETE("/me/integrations/slack", s.deleteSlackLink, user...)
	g.GET("/me/integrations/slack/link", s.previewSlackLink, user...)
	g.POST("/me/integrations/slack/link", s.redeemSlackLink, user...)

	g.POST("/timer", s.startTimer, user...)
	g.GET("/timer", s.getTimer, user...)
	g.DELETE("/timer", s.stopTimer, user...)

	g.GET("/admin/jobs", s.listJobs, admin...)
	g.POST("/admin/jobs/:name/run", s.runJob, admin...)
	g.POST("/admin/recompute", s.recompute, admin...)
	g.PUT("/admin/clock", s.setClock, admin...)

	// The API contract (openapi.go): the document, and a page that renders it.
	g.GET("/openapi.json", serveOpenAPI)
	e.GET("/api/docs", serveDocs)
	e.GET("/api/docs/:file", serveDocs)

	// Unknown API paths answer problem+json, not the web app.
	e.Any("/api/*", func(echo.Context) error { return echo.ErrNotFound })
	if s.cfg.Frontend != nil {
		e.GET("/*", echo.WrapHandler(s.cfg.Frontend))
	}
}
