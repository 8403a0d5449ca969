package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"

	"golang.org/x/image/draw"

	"github.com/nhsguardian/guardian/assets"
)

// imageFn draws an icon at a size.
type imageFn func(size int) image.Image

// icons returns the app icon (assets/icon.png) and the log files' icon: a
// page with a folded corner carrying the app's shield, so a .guardian file
// looks like a document of Guardian's rather than the app itself.
func icons() (app, doc imageFn, err error) {
	src, err := png.Decode(bytes.NewReader(assets.Icon))
	if err != nil {
		return nil, nil, err
	}
	app = func(size int) image.Image { return scale(src, size) }
	doc = func(size int) image.Image { return page(src, size) }
	return app, doc, nil
}

func scale(src image.Image, size int) *image.NRGBA {
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Over, nil)
	return dst
}

// page draws the document icon at 256 and scales it to size.
func page(src image.Image, size int) image.Image {
	const n = 256
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	border := color.NRGBA{0x76, 0x86, 0x92, 0xff} // NHS mid grey
	paper := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	fold := color.NRGBA{0xd8, 0xde, 0xe3, 0xff}
	const left, right, top, bottom, corner = 36, 220, 8, 248, 56
	for y := top; y < bottom; y++ {
		for x := left; x < right; x++ {
			// a, b: position inside the top-right corner's square.
			a, b := x-(right-corner), y-top
			inCorner := a >= 0 && b < corner
			switch {
			case inCorner && a > b: // beyond the fold: cut away
			case inCorner && (b-a < 4 || a < 3 || b >= corner-3):
				img.Set(x, y, border) // the fold and the flap's outline
			case inCorner:
				img.Set(x, y, fold)
			case x < left+4 || x >= right-4 || y < top+4 || y >= bottom-4:
				img.Set(x, y, border)
			default:
				img.Set(x, y, paper)
			}
		}
	}
	shield := scale(src, 150)
	off := image.Pt((left+right-150)/2, 84)
	draw.Draw(img, shield.Bounds().Add(off), shield, image.Point{}, draw.Over)
	if size == n {
		return img
	}
	return scale(img, size)
}

func pngAt(f imageFn, size int) ([]byte, error) {
	var b bytes.Buffer
	err := png.Encode(&b, f(size))
	return b.Bytes(), err
}

// ico writes a Windows icon with one PNG-compressed image per size, which
// Windows Vista and later (and windres, and Wine) read.
func ico(f imageFn, sizes []int) ([]byte, error) {
	var pngs [][]byte
	for _, s := range sizes {
		b, err := pngAt(f, s)
		if err != nil {
			return nil, err
		}
		pngs = append(pngs, b)
	}
	var out bytes.Buffer
	le := binary.LittleEndian
	binary.Write(&out, le, [3]uint16{0, 1, uint16(len(sizes))}) // reserved, type icon, count
	offset := 6 + 16*len(sizes)
	for i, s := range sizes {
		dim := uint8(s)
		if s >= 256 {
			dim = 0 // 0 means 256
		}
		binary.Write(&out, le, struct {
			W, H, Colours, Reserved uint8
			Planes, BPP             uint16
			Size, Offset            uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(pngs[i])), uint32(offset)})
		offset += len(pngs[i])
	}
	for _, p := range pngs {
		out.Write(p)
	}
	return out.Bytes(), nil
}
