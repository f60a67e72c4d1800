	ld t4,0(a3)
	bne a2,t4,.Lout
	sd a2,0(a5)
	sd a1,0(a3)
.Lout:
