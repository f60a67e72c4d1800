	nop 
	addi 9,2,-22624
	std 9,8(6)
	lwz 0,4(6)
	cmpw 5,0
	bne .Lout
	ld 0,0(3)
	cmpd 7,0
	bne .Lout
	mr 10,11
	mr 12,4
	mr 8,31
	cmpdi 8,0
	beq .Lb10001f1c
	nop 
	nop 
	nop 
	nop 
	nop 
	nop 
.Lb10001f00:
	lbz 9,0(10)
	stb 9,0(12)
	addi 10,10,1
	addi 12,12,1
	addi 8,8,-1
	cmpdi 8,0
	bne .Lb10001f00
.Lb10001f1c:
	std 30,0(3)
.Lout:
