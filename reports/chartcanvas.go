package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"sync"

	"dossier/assets"

	"github.com/jung-kurt/gofpdf"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Charts draw their text in DejaVu Sans, the font the PDFs embed, so a
// chart measured by gonum/plot prints with the same widths in a PDF and
// names in any script show on screen and on paper alike.
const chartTypeface = "DejaVu"

var chartFontOnce sync.Once

// chartFonts adds DejaVu Sans (regular and bold) to gonum/plot's font
// cache, once.
func chartFonts() {
	chartFontOnce.Do(func() {
		var coll font.Collection
		for _, f := range []struct {
			ttf    []byte
			weight xfont.Weight
		}{{assets.FontSans, xfont.WeightNormal}, {assets.FontSansBold, xfont.WeightBold}} {
			face, err := opentype.Parse(f.ttf)
			if err != nil {
				panic(fmt.Sprintf("the embedded DejaVu font does not parse: %v", err)) // a broken build, not a user's problem
			}
			coll = append(coll, font.Face{Font: font.Font{Typeface: chartTypeface, Weight: f.weight}, Face: face})
		}
		font.DefaultCache.Add(coll)
	})
}

// pdfCanvas draws a gonum/plot figure into a gofpdf page as vector paths
// and text: a vg.Canvas whose origin is the bottom left of the area
// (x, y, w, h in mm, y from the page's top), units points, y up.
type pdfCanvas struct {
	pdf        *gofpdf.Fpdf
	x, y, w, h float64
	st         canvasState
	stack      []canvasState
	images     int
}

type canvasState struct {
	m     [6]float64 // x' = m0·x + m2·y + m4, y' = m1·x + m3·y + m5 (points)
	width vg.Length
	dash  []vg.Length
	off   vg.Length
	col   color.Color
}

const mmPerPt = 25.4 / 72

func newPDFCanvas(pdf *gofpdf.Fpdf, x, y, w, h float64) *pdfCanvas {
	return &pdfCanvas{pdf: pdf, x: x, y: y, w: w, h: h,
		st: canvasState{m: [6]float64{1, 0, 0, 1, 0, 0}, width: 1, col: color.Black}}
}

// drawPlotPDF draws p into the area of the page.
func drawPlotPDF(pdf *gofpdf.Fpdf, p *plot.Plot, x, y, w, h float64) {
	c := newPDFCanvas(pdf, x, y, w, h)
	p.Draw(draw.NewCanvas(c, vg.Length(w/mmPerPt), vg.Length(h/mmPerPt)))
	pdf.SetLineWidth(0.2)
	pdf.SetDashPattern(nil, 0)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetFillColor(255, 255, 255)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetAlpha(1, "Normal")
}

func (c *pdfCanvas) page(p vg.Point) (float64, float64) {
	m := c.st.m
	px := m[0]*float64(p.X) + m[2]*float64(p.Y) + m[4]
	py := m[1]*float64(p.X) + m[3]*float64(p.Y) + m[5]
	return c.x + px*mmPerPt, c.y + c.h - py*mmPerPt
}

func (c *pdfCanvas) scale() float64 {
	m := c.st.m
	return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
}

func (c *pdfCanvas) mul(n [6]float64) {
	m := c.st.m
	c.st.m = [6]float64{
		m[0]*n[0] + m[2]*n[1], m[1]*n[0] + m[3]*n[1],
		m[0]*n[2] + m[2]*n[3], m[1]*n[2] + m[3]*n[3],
		m[0]*n[4] + m[2]*n[5] + m[4], m[1]*n[4] + m[3]*n[5] + m[5],
	}
}

func (c *pdfCanvas) SetLineWidth(w vg.Length) { c.st.width = w }
func (c *pdfCanvas) SetLineDash(d []vg.Length, off vg.Length) {
	c.st.dash, c.st.off = append([]vg.Length(nil), d...), off
}
func (c *pdfCanvas) SetColor(col color.Color) {
	if col == nil {
		col = color.Black
	}
	c.st.col = col
}
func (c *pdfCanvas) Rotate(rad float64) {
	s, co := math.Sin(rad), math.Cos(rad)
	c.mul([6]float64{co, s, -s, co, 0, 0})
}
func (c *pdfCanvas) Translate(p vg.Point) { c.mul([6]float64{1, 0, 0, 1, float64(p.X), float64(p.Y)}) }
func (c *pdfCanvas) Scale(x, y float64)   { c.mul([6]float64{x, 0, 0, y, 0, 0}) }
func (c *pdfCanvas) Push() {
	s := c.st
	s.dash = append([]vg.Length(nil), s.dash...)
	c.stack = append(c.stack, s)
}
func (c *pdfCanvas) Pop() {
	if n := len(c.stack); n > 0 {
		c.st, c.stack = c.stack[n-1], c.stack[:n-1]
	}
}

// rgba sets the colour (and its transparency); ok is false for a colour
// that draws nothing.
func (c *pdfCanvas) rgba() (r, g, b int, ok bool) {
	rr, gg, bb, aa := c.st.col.RGBA()
	if aa == 0 {
		return 0, 0, 0, false
	}
	// Colours come premultiplied.
	r, g, b = int(rr*255/aa), int(gg*255/aa), int(bb*255/aa)
	c.pdf.SetAlpha(float64(aa)/0xffff, "Normal")
	return r, g, b, true
}

func (c *pdfCanvas) path(p vg.Path) {
	started := false
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			x, y := c.page(comp.Pos)
			c.pdf.MoveTo(x, y)
			started = true
		case vg.LineComp:
			x, y := c.page(comp.Pos)
			c.pdf.LineTo(x, y)
		case vg.ArcComp:
			n := max(4, int(math.Ceil(math.Abs(comp.Angle)/(math.Pi/24))))
			for i := 0; i <= n; i++ {
				a := comp.Start + comp.Angle*float64(i)/float64(n)
				x, y := c.page(vg.Point{X: comp.Pos.X + comp.Radius*vg.Length(math.Cos(a)), Y: comp.Pos.Y + comp.Radius*vg.Length(math.Sin(a))})
				if i == 0 && !started {
					c.pdf.MoveTo(x, y)
					started = true
				} else {
					c.pdf.LineTo(x, y)
				}
			}
		case vg.CurveComp:
			x, y := c.page(comp.Pos)
			switch len(comp.Control) {
			case 1:
				cx, cy := c.page(comp.Control[0])
				c.pdf.CurveTo(cx, cy, x, y)
			case 2:
				ax, ay := c.page(comp.Control[0])
				bx, by := c.page(comp.Control[1])
				c.pdf.CurveBezierCubicTo(ax, ay, bx, by, x, y)
			default:
				c.pdf.LineTo(x, y)
			}
		case vg.CloseComp:
			c.pdf.ClosePath()
		}
	}
}

func (c *pdfCanvas) Stroke(p vg.Path) {
	if c.st.width <= 0 || len(p) == 0 {
		return
	}
	r, g, b, ok := c.rgba()
	if !ok {
		return
	}
	c.pdf.SetDrawColor(r, g, b)
	s := c.scale() * mmPerPt
	c.pdf.SetLineWidth(float64(c.st.width) * s)
	var dash []float64
	for _, d := range c.st.dash {
		dash = append(dash, float64(d)*s)
	}
	c.pdf.SetDashPattern(dash, float64(c.st.off)*s)
	c.path(p)
	c.pdf.DrawPath("D")
}

func (c *pdfCanvas) Fill(p vg.Path) {
	if len(p) == 0 {
		return
	}
	r, g, b, ok := c.rgba()
	if !ok {
		return
	}
	c.pdf.SetFillColor(r, g, b)
	c.path(p)
	c.pdf.DrawPath("F")
}

func (c *pdfCanvas) FillString(f font.Face, pt vg.Point, text string) {
	size := float64(f.Font.Size) * c.scale()
	if size <= 0 || text == "" {
		return
	}
	r, g, b, ok := c.rgba()
	if !ok {
		return
	}
	c.pdf.SetTextColor(r, g, b)
	style := ""
	if f.Font.Weight >= xfont.WeightSemiBold {
		style = "B"
	}
	c.pdf.SetFont("sans", style, size)
	x, y := c.page(pt)
	angle := math.Atan2(c.st.m[1], c.st.m[0]) * 180 / math.Pi
	if math.Abs(angle) > 0.01 {
		c.pdf.TransformBegin()
		c.pdf.TransformRotate(angle, x, y)
		c.pdf.Text(x, y, text)
		c.pdf.TransformEnd()
		return
	}
	c.pdf.Text(x, y, text)
}

func (c *pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return
	}
	c.images++
	name := fmt.Sprintf("chart-img-%p-%d", c, c.images)
	c.pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "PNG"}, &b)
	x0, y0 := c.page(rect.Min)
	x1, y1 := c.page(rect.Max)
	c.pdf.ImageOptions(name, math.Min(x0, x1), math.Min(y0, y1), math.Abs(x1-x0), math.Abs(y1-y0), false, gofpdf.ImageOptions{}, 0, "")
}
