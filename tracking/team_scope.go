package tracking

// The dates of an entry its owner spent in a team: the entry is dated
// within one of the owner's membership periods of that team. memberDated
// takes the team id; ledMemberDated takes the lead's id and a lead role,
// and covers every team the lead leads now.
const (
	inPeriod = `h.user_id = entries.user_id AND entries.date >= h.joined_on AND (h.left_on IS NULL OR entries.date <= h.left_on)`

	memberDated    = `EXISTS (SELECT 1 FROM team_memberships h WHERE h.team_id = ? AND ` + inPeriod + `)`
	ledMemberDated = `EXISTS (SELECT 1 FROM team_members l JOIN team_memberships h ON h.team_id = l.team_id
		WHERE l.user_id = ? AND l.role = ? AND ` + inPeriod + `)`
)
