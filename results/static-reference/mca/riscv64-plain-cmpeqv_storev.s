	ld t4,0(a5)
	beq a3,t4,.Lb132d6
	j .Lout
.Lb132d6:
	sd a2,0(a5)
.Lout:
