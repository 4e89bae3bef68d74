package game

import "testing"

func TestLevel(t *testing.T) {
	tests := []struct {
		total, wantLevel, wantNext int
	}{
		{-10, 1, 100},
		{0, 1, 100},
		{1, 1, 100},
		{99, 1, 100},
		{100, 2, 300},
		{135, 2, 300},
		{299, 2, 300},
		{300, 3, 600},
		{599, 3, 600},
		{600, 4, 1000},
		{999, 4, 1000},
		{1000, 5, 1500},
		{1500, 6, 2100},
		{4_945_499, 314, 4_945_500}, // 50·315·314
		{4_945_500, 315, 4_977_000}, // 50·316·315
	}
	for _, tt := range tests {
		level, next := Level(tt.total)
		if level != tt.wantLevel || next != tt.wantNext {
			t.Errorf("Level(%d) = %d, %d; want %d, %d", tt.total, level, next, tt.wantLevel, tt.wantNext)
		}
	}
}

// TestLevelMatchesDefinition checks the closed form against the definition
// for every total up to a few levels, where off-by-one errors would hide.
func TestLevelMatchesDefinition(t *testing.T) {
	for total := 0; total <= 20_000; total++ {
		want := 1
		for 50*(want+1)*want <= total {
			want++
		}
		if level, next := Level(total); level != want || next != 50*(want+1)*want {
			t.Fatalf("Level(%d) = %d, %d; want %d, %d", total, level, next, want, 50*(want+1)*want)
		}
	}
}
