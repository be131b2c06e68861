package scans

// ink measures the share of dark pixels on a display-size gray image,
// ignoring a 5% margin on each side, where scanners leave dark edges and
// punch holes show.
//
// "Dark" is relative to the paper: the threshold is 60% of the paper's
// brightness (the 90th percentile), kept between 64 and 160, so yellowed or
// gray recycled paper does not count as ink and faint pencil still does.
// A dark pixel counts only when one of its 8 neighbours is dark too:
// isolated specks (dust, sensor noise, JPEG ringing) are not writing.
func ink(lum []byte, w, h int) float64 {
	mx, my := w*5/100, h*5/100
	x0, x1, y0, y1 := max(mx, 1), min(w-mx, w-1), max(my, 1), min(h-my, h-1)
	if x1-x0 < 3 || y1-y0 < 3 {
		return 0
	}
	var hist [256]int
	for y := y0; y < y1; y++ {
		for _, v := range lum[y*w+x0 : y*w+x1] {
			hist[v]++
		}
	}
	total := (x1 - x0) * (y1 - y0)
	paper, seen := 255, 0
	for v := range 256 {
		seen += hist[v]
		if seen*10 >= total*9 {
			paper = v
			break
		}
	}
	t := byte(max(64, min(160, paper*6/10)))
	dark := 0
	for y := y0; y < y1; y++ {
		row := lum[y*w:]
		up := lum[(y-1)*w:]
		down := lum[(y+1)*w:]
		for x := x0; x < x1; x++ {
			if row[x] >= t {
				continue
			}
			if row[x-1] < t || row[x+1] < t || up[x-1] < t || up[x] < t || up[x+1] < t ||
				down[x-1] < t || down[x] < t || down[x+1] < t {
				dark++
			}
		}
	}
	return float64(dark) / float64(total)
}
