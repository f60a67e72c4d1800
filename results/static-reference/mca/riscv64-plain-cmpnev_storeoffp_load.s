	ld t1,0(a4)
	bne a5,t1,.Lb145ce
	j .Lout
.Lb145ce:
	sd t1,0(a2)
	add t1,t1,a5
	ld t1,0(t1)
	sd t1,0(a4)
.Lout:
